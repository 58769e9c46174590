using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Notifications.Api.Auth;
using Notifications.Core.Dispatch.DeliveryReports;

namespace Notifications.Api.Controllers;

/// <summary>
/// The webhook for Azure Communication Services email delivery reports, delivered by Event Grid in its own schema or
/// as CloudEvents 1.0. Enabled only when <c>Email:Acs:DeliveryReportKey</c> is set (404 otherwise); Event Grid cannot
/// present a token, so the caller proves itself with that key instead.
/// </summary>
[ApiController]
[Route("notifications/api/v1/delivery-reports/email")]
[AllowAnonymous]
public sealed class DeliveryReportsController(
    ISender sender,
    IOptions<DeliveryReportKeyOptions> keyOptions,
    TimeProvider clock,
    ILogger<DeliveryReportsController> logger) : ControllerBase
{
    /// <summary>Receives email delivery reports from Azure Event Grid.</summary>
    /// <remarks>
    /// The body is an Event Grid array, one CloudEvent, or a CloudEvents batch. Reports are applied idempotently by
    /// event id; a report for a message id not sent yet is kept and applied when the send is recorded. Events of other
    /// types are ignored; report events without an id, messageId or status are skipped.
    /// </remarks>
    /// <param name="code">The delivery-report key, as Event Grid sends it: in the subscription's URL.</param>
    /// <param name="headerKey">The delivery-report key, for callers that can set headers.</param>
    /// <param name="cancellationToken">Aborted request.</param>
    /// <response code="200">Accepted; for Event Grid's subscription validation event the body is <c>{"validationResponse": code}</c>.</response>
    /// <response code="400">The body is not JSON, or not an Event Grid array or CloudEvent.</response>
    /// <response code="401">The key is missing or wrong.</response>
    /// <response code="404">The endpoint is not enabled.</response>
    [HttpPost]
    [RequiresDeliveryReportKey]
    [Consumes("application/json", "application/cloudevents+json", "application/cloudevents-batch+json")]
    [ProducesResponseType<SubscriptionValidationResponseExt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Post(
        [FromQuery(Name = DeliveryReportKeyOptions.QueryName)] string? code,
        [FromHeader(Name = DeliveryReportKeyOptions.HeaderName)] string? headerKey,
        CancellationToken cancellationToken)
    {
        var key = keyOptions.Value;
        if (!key.Enabled)
        {
            return Problem(statusCode: StatusCodes.Status404NotFound);
        }

        if (!key.Accepts(headerKey) && !key.Accepts(code))
        {
            return Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "A valid delivery-report key is required.");
        }

        DeliveryReportBatch batch;
        try
        {
            // Read here, not bound by MVC: the order API's JSON options and input formatter are for our contract,
            // and neither knows the CloudEvents media types. Kestrel's body limit still applies to this stream.
            using var body = await JsonDocument.ParseAsync(Request.Body, cancellationToken: cancellationToken);
            batch = body.RootElement.ToDeliveryReportBatch(clock.GetUtcNow());
        }
        catch (JsonException e)
        {
            ModelState.AddModelError(string.IsNullOrEmpty(e.Path) ? "$" : e.Path, e.Message);
            return ValidationProblem();
        }

        foreach (var (eventId, reason) in batch.Skipped)
        {
            // The event id only: report data names the recipient.
            logger.LogWarning("Skipped delivery report event {EventId}: {Reason}", eventId ?? "(no id)", reason);
        }

        if (batch.Reports.Count > 0)
        {
            await sender.Send(new ApplyDeliveryReportsCommand(batch.Reports), cancellationToken);
        }

        return batch.ValidationCode is { } validationCode ? Ok(new SubscriptionValidationResponseExt(validationCode)) : Ok();
    }

    /// <summary>The CloudEvents webhook abuse-protection handshake.</summary>
    /// <remarks>
    /// Event Grid sends it before delivering CloudEvents. Answered without the key: it only says that this endpoint
    /// accepts events.
    /// </remarks>
    /// <param name="origin">Who asks to deliver; echoed back as allowed.</param>
    /// <response code="200">Allowed: <c>WebHook-Allowed-Origin</c> and <c>WebHook-Allowed-Rate</c> are set.</response>
    /// <response code="404">The endpoint is not enabled.</response>
    [HttpOptions]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public IActionResult Handshake([FromHeader(Name = "WebHook-Request-Origin")] string? origin)
    {
        if (!keyOptions.Value.Enabled)
        {
            return Problem(statusCode: StatusCodes.Status404NotFound);
        }

        // Echo only a printable ASCII origin: anything else could not be written back as a header value.
        Response.Headers["WebHook-Allowed-Origin"] = !string.IsNullOrWhiteSpace(origin) && origin.All(c => c is >= ' ' and <= '~') ? origin.Trim() : "*";
        // The CloudEvents webhook spec: MUST be returned when WebHook-Request-Rate was sent, SHOULD be otherwise.
        Response.Headers["WebHook-Allowed-Rate"] = "*";
        Response.Headers.Allow = "POST, OPTIONS";
        return Ok();
    }
}
