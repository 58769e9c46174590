using Microsoft.AspNetCore.Authorization;
using Notifications.Api.Auth;

namespace Notifications.Api.Controllers;

/// <summary>Sends instant emails: through the email provider before the request is answered.</summary>
[ApiController]
[Route("notifications/api/v1/future/orders/instant/email")]
[Authorize(Policy = CreatorRequirement.PolicyName)]
public sealed class InstantOrdersController(ISender sender, IOptions<ApiOptions> apiOptions) : ControllerBase
{
    /// <summary>Sends one email at once and stores it as an order chain with one shipment.</summary>
    /// <param name="request">The recipient, the email, and an idempotency id that makes retries safe.</param>
    /// <response code="201">The email provider accepted the email; the order is stored.</response>
    /// <response code="200">A replay: this idempotencyId already sent the email; nothing was sent again.</response>
    /// <response code="400">The request is not valid; <c>errors</c> names each field.</response>
    /// <response code="401">No valid token.</response>
    /// <response code="403">The token lacks the scope or a creator organisation.</response>
    /// <response code="409">The idempotencyId was used for a different request.</response>
    /// <response code="415">The body is not JSON.</response>
    /// <response code="503">The email provider refused the email or could not be reached (NOT-00004); nothing was stored. Retry with the same idempotencyId.</response>
    [HttpPost]
    [EndpointName("PostInstantEmailOrder")]
    [Consumes("application/json")]
    [ProducesResponseType<InstantNotificationOrderResponseExt>(StatusCodes.Status201Created)]
    [ProducesResponseType<InstantNotificationOrderResponseExt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IActionResult> Post([FromBody] InstantEmailNotificationOrderRequestExt request, CancellationToken cancellationToken)
    {
        var result = await sender.Send(request.ToCommand(User.RequireCreator()), cancellationToken);
        var location = OrderLinks.For(Request, apiOptions.Value.PublicBaseUrl).FutureOrder(result.ChainId);
        if (result.Replayed)
        {
            Response.Headers.Location = location;
            return Ok(result.ToResponse());
        }

        return Created(location, result.ToResponse());
    }
}
