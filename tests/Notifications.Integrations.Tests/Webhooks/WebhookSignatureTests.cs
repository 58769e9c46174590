using Notifications.Integrations.Webhooks;

namespace Notifications.Integrations.Tests.Webhooks;

/// <summary>Standard Webhooks signing against known answers.</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /// <summary>
    /// The Standard Webhooks specification's example; checked with Python:
    /// <c>base64.b64encode(hmac.new(base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
    /// b'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}', hashlib.sha256).digest())</c>.
    /// </summary>
    [Test]
    public void Sign_TheSpecificationsExample_GivesItsSignature() =>
        Assert.That(
            WebhookSignature.Sign(Secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"),
            Is.EqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));

    /// <summary>Our ids are sequence numbers; same Python, message <c>b'42.1700000000.{"shipmentId":"x"}'</c>.</summary>
    [Test]
    public void Sign_ASequenceNumberId_GivesTheKnownSignature() =>
        Assert.That(
            WebhookSignature.Sign(Secret, "42", 1700000000, "{\"shipmentId\":\"x\"}"),
            Is.EqualTo("v1,YLElhVuWDdUiqu0qMhYJlWZDbB2Bd3ShUVMzPbCM8CI="));

    [Test]
    public void Sign_ADifferentBody_GivesADifferentSignature() =>
        Assert.That(
            WebhookSignature.Sign(Secret, "42", 1700000000, "{\"shipmentId\":\"y\"}"),
            Is.Not.EqualTo("v1,YLElhVuWDdUiqu0qMhYJlWZDbB2Bd3ShUVMzPbCM8CI="));
}
