using System.Net;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Integrations.Email.Acs;

namespace Notifications.Integrations.Tests.Email.Acs;

/// <summary>ACS errors → send outcomes and operation states (docs/architecture.md#contracts).</summary>
public sealed class AcsErrorMapperTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(7);

    [TestCase(429, null)]
    [TestCase(429, "SomethingElse")]
    [TestCase(400, "TooManyRequests")]
    [TestCase(503, "tooManyRequests")]
    public void ClassifySend_A429OrTooManyRequests_ThrottlesForTheGivenWait(int status, string? code)
    {
        var outcome = AcsErrorMapper.ClassifySend((HttpStatusCode)status, code, "slow down", Wait);

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Throttled));
        Assert.That(outcome.RetryAfter, Is.EqualTo(Wait));
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    [TestCase(504)]
    [TestCase(408)]
    public void ClassifySend_A5xxOrRequestTimeout_IsTransient(int status)
    {
        var outcome = AcsErrorMapper.ClassifySend((HttpStatusCode)status, "InternalServerError", null, Wait);

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Transient));
        Assert.That(outcome.Reason, Does.Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("EmailDroppedAllRecipientsSuppressed")]
    [TestCase("emaildroppedallrecipientssuppressed")]
    public void ClassifySend_AllRecipientsSuppressed_FailsAsSupressedRecipient(string code)
    {
        var outcome = AcsErrorMapper.ClassifySend(HttpStatusCode.BadRequest, code, "All recipients are suppressed.", Wait);

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Failed));
        Assert.That(outcome.FailureStatus, Is.EqualTo(EmailNotificationStatus.Failed_SupressedRecipient));
    }

    [TestCase("Invalid format for email address 'ola@@example'.")]
    [TestCase("Request body validation error. INVALID FORMAT FOR EMAIL ADDRESS")]
    public void ClassifySend_AnInvalidAddressMessage_FailsAsInvalidEmailFormatWithoutQuotingIt(string message)
    {
        var outcome = AcsErrorMapper.ClassifySend(HttpStatusCode.BadRequest, "BadRequest", message, Wait);

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Failed));
        Assert.That(outcome.FailureStatus, Is.EqualTo(EmailNotificationStatus.Failed_InvalidEmailFormat));
        Assert.That(outcome.Reason, Does.Not.Contain("ola@@example"));
    }

    [TestCase(400, "BadRequest")]
    [TestCase(401, "Denied")]
    [TestCase(403, "Forbidden")]
    [TestCase(404, null)]
    [TestCase(409, "Conflict")]
    [TestCase(413, "RequestEntityTooLarge")]
    [TestCase(302, null)]
    public void ClassifySend_AnyOtherError_FailsWithTheStatusAndCodeAsReason(int status, string? code)
    {
        var outcome = AcsErrorMapper.ClassifySend((HttpStatusCode)status, code, "Message about someone@example.com", Wait);

        Assert.That(outcome.Kind, Is.EqualTo(SendOutcomeKind.Failed));
        Assert.That(outcome.FailureStatus, Is.EqualTo(EmailNotificationStatus.Failed));
        Assert.That(outcome.Reason, Is.EqualTo($"ACS answered HTTP {status} ({code ?? "no error code"})"));
    }

    [Test]
    public void ClassifyStatusRead_A404_FailsTheOperation()
    {
        var status = AcsErrorMapper.ClassifyStatusRead(HttpStatusCode.NotFound, "NotFound", null);

        Assert.That(status.State, Is.EqualTo(OperationState.Failed));
        Assert.That(status.FailureStatus, Is.EqualTo(EmailNotificationStatus.Failed));
        Assert.That(status.Reason, Does.Contain("404"));
    }

    [Test]
    public void ClassifyStatusRead_A429_IsThrottledWithTheWaitOrTheDefaultMinute()
    {
        Assert.That(AcsErrorMapper.ClassifyStatusRead(HttpStatusCode.TooManyRequests, null, Wait),
            Is.EqualTo(new OperationStatus(OperationState.Throttled, Reason: "ACS answered HTTP 429 (no error code)", RetryAfter: Wait)));
        Assert.That(AcsErrorMapper.ClassifyStatusRead(HttpStatusCode.TooManyRequests, null, null).RetryAfter, Is.EqualTo(RetryAfterParser.Default));
    }

    [TestCase(500)]
    [TestCase(503)]
    [TestCase(401)]
    [TestCase(403)]
    public void ClassifyStatusRead_ServerOrConfigurationErrors_AreUnknownNotThrottled(int code) =>
        Assert.That(AcsErrorMapper.ClassifyStatusRead((HttpStatusCode)code, null, null).State, Is.EqualTo(OperationState.Unknown));

    [TestCase("Failed", "EmailDroppedAllRecipientsSuppressed", null, EmailNotificationStatus.Failed_SupressedRecipient)]
    [TestCase("Failed", "BadRequest", "Invalid format for email address", EmailNotificationStatus.Failed_InvalidEmailFormat)]
    [TestCase("Failed", "InternalError", "Something broke", EmailNotificationStatus.Failed)]
    [TestCase("Failed", null, null, EmailNotificationStatus.Failed)]
    [TestCase("Canceled", null, null, EmailNotificationStatus.Failed)]
    public void FailedOperation_MapsTheErrorLikeASend(string operationStatus, string? code, string? message, EmailNotificationStatus expected)
    {
        var status = AcsErrorMapper.FailedOperation(operationStatus, code, message);

        Assert.That(status.State, Is.EqualTo(OperationState.Failed));
        Assert.That(status.FailureStatus, Is.EqualTo(expected));
        Assert.That(status.Reason, Does.Contain(operationStatus));
    }
}
