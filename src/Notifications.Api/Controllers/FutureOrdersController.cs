using Microsoft.AspNetCore.Authorization;
using Notifications.Api.Auth;
using Notifications.Core.Orders.CancelOrderChain;
using Notifications.Core.Orders.Queries;

namespace Notifications.Api.Controllers;

/// <summary>Order chains of the future API: a main shipment and its reminders, each processed like a v1 order.</summary>
[ApiController]
[Route("notifications/api/v1/future/orders")]
[Authorize(Policy = CreatorRequirement.PolicyName)]
public sealed class FutureOrdersController(ISender sender, IOptions<ApiOptions> apiOptions) : ControllerBase
{
    private OrderLinks Links => OrderLinks.For(Request, apiOptions.Value.PublicBaseUrl);

    /// <summary>Registers an order chain: one main shipment and up to 10 reminders, each its own shipment.</summary>
    /// <param name="request">The chain: the main shipment's recipient and settings, and the reminders.</param>
    /// <response code="201">The chain and all its shipments are stored; <c>Location</c> reads it back.</response>
    /// <response code="200">A replay: this idempotencyId already created the chain, with the same body.</response>
    /// <response code="400">The request is not valid; <c>errors</c> names each field.</response>
    /// <response code="401">No valid token.</response>
    /// <response code="403">The token lacks the scope or a creator organisation.</response>
    /// <response code="409">The idempotencyId was used for a different request.</response>
    /// <response code="413">The body is larger than the configured limit.</response>
    /// <response code="415">The body is not JSON.</response>
    /// <response code="422">Some persons or organisations have no contact information (NOT-00001); nothing was stored.</response>
    /// <response code="503">Recipient lookup is unavailable; nothing was stored.</response>
    [HttpPost]
    [EndpointName("PostFutureOrder")]
    [Consumes("application/json")]
    [ProducesResponseType<NotificationOrderChainResponseExt>(StatusCodes.Status201Created)]
    [ProducesResponseType<NotificationOrderChainResponseExt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IActionResult> Post([FromBody] NotificationOrderChainRequestExt request, CancellationToken cancellationToken)
    {
        var result = await sender.Send(request.ToCommand(User.RequireCreator()), cancellationToken);
        var location = Links.FutureOrder(result.ChainId);
        if (result.Replayed)
        {
            Response.Headers.Location = location;
            return Ok(result.ToResponse());
        }

        return Created(location, result.ToResponse());
    }

    /// <summary>The chain with each shipment's type, send time and status.</summary>
    /// <response code="200">The chain.</response>
    /// <response code="404">No such chain for this creator.</response>
    [HttpGet("{notificationOrderId:guid}")]
    [EndpointName("GetFutureOrder")]
    [ProducesResponseType<OrderChainExt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<OrderChainExt> Get(Guid notificationOrderId, CancellationToken cancellationToken) =>
        (await sender.Send(new GetOrderChainQuery(notificationOrderId, User.RequireCreator()), cancellationToken)).ToExt();

    /// <summary>
    /// Cancels every shipment of the chain that is still Registered and not due within five minutes (v1's rule, per
    /// shipment); the others go on as they are.
    /// </summary>
    /// <response code="200">The chain after cancelling.</response>
    /// <response code="404">No such chain for this creator.</response>
    /// <response code="409">No shipment could be cancelled.</response>
    [HttpPut("{notificationOrderId:guid}/cancel")]
    [EndpointName("CancelFutureOrder")]
    [ProducesResponseType<OrderChainExt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<OrderChainExt> Cancel(Guid notificationOrderId, CancellationToken cancellationToken) =>
        (await sender.Send(new CancelOrderChainCommand(notificationOrderId, User.RequireCreator()), cancellationToken)).ToExt();
}
