using Microsoft.AspNetCore.Authorization;
using Notifications.Api.Auth;

namespace Notifications.Api.Controllers;

/// <summary>Registers email notification orders.</summary>
[ApiController]
[Route("notifications/api/v1/orders/email")]
[Authorize(Policy = CreatorRequirement.PolicyName)]
public sealed class EmailOrdersController(ISender sender, IOptions<ApiOptions> apiOptions) : ControllerBase
{
    /// <summary>Registers an order for an email to one or more recipients.</summary>
    /// <param name="request">The order: what to send, to whom and when.</param>
    /// <param name="idempotencyKey">Makes retries safe: the same key from the same creator returns the first order.</param>
    /// <response code="202">The order is stored and will be sent at its requested send time.</response>
    /// <response code="200">A replay: this Idempotency-Key already created the order.</response>
    /// <response code="400">The request is not valid; <c>errors</c> names each field.</response>
    /// <response code="401">No valid token.</response>
    /// <response code="403">The token lacks the scope or a creator organisation.</response>
    /// <response code="409">The Idempotency-Key was used for a different request.</response>
    /// <response code="413">The body is larger than the configured limit.</response>
    /// <response code="415">The body is not JSON.</response>
    /// <response code="503">Recipient lookup is unavailable; nothing was stored.</response>
    [HttpPost]
    [EndpointName("PostEmailOrder")]
    [Consumes("application/json")]
    [ProducesResponseType<NotificationOrderRequestResponseExt>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<NotificationOrderRequestResponseExt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IActionResult> Post(
        [FromBody] EmailNotificationOrderRequestExt request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        var result = await sender.Send(request.ToCommand(User.RequireCreator(), idempotencyKey), cancellationToken);
        var location = OrderLinks.For(Request, apiOptions.Value.PublicBaseUrl).Order(result.OrderId);
        if (result.Replayed)
        {
            Response.Headers.Location = location;
            return Ok(result.ToResponse());
        }

        return Accepted(location, result.ToResponse());
    }

    /// <summary>Shows the emails an order would produce now, without storing or sending anything.</summary>
    /// <remarks>
    /// The same body and the same validation as registering the order. The recipients are looked up, reservations applied
    /// and the keywords filled in by the code that sends real orders; the first 20 emails are shown, and
    /// <c>totalEmails</c> counts them all. The <c>conditionEndpoint</c> is validated but not called, and an
    /// <c>Idempotency-Key</c> header is ignored (nothing is stored).
    /// </remarks>
    /// <param name="request">The order, as it would be posted to register it.</param>
    /// <response code="200">The emails the order would produce now.</response>
    /// <response code="400">The request is not valid; <c>errors</c> names each field.</response>
    /// <response code="401">No valid token.</response>
    /// <response code="403">The token lacks the scope or a creator organisation.</response>
    /// <response code="413">The body is larger than the configured limit.</response>
    /// <response code="415">The body is not JSON.</response>
    /// <response code="503">Recipient lookup is unavailable.</response>
    [HttpPost("preview")]
    [EndpointName("PreviewEmailOrder")]
    [Consumes("application/json")]
    [ProducesResponseType<EmailOrderPreviewExt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<EmailOrderPreviewExt> Preview([FromBody] EmailNotificationOrderRequestExt request, CancellationToken cancellationToken) =>
        (await sender.Send(request.ToPreviewCommand(User.RequireCreator()), cancellationToken)).ToExt();
}
