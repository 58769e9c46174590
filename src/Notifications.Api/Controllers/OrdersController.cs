using Microsoft.AspNetCore.Authorization;
using Notifications.Api.Auth;
using Notifications.Core.Orders.CancelOrder;
using Notifications.Core.Orders.Queries;

namespace Notifications.Api.Controllers;

/// <summary>Reads and cancels the caller's orders. Another creator's order is 404.</summary>
[ApiController]
[Route("notifications/api/v1/orders")]
[Authorize(Policy = CreatorRequirement.PolicyName)]
public sealed class OrdersController(ISender sender, IOptions<ApiOptions> apiOptions) : ControllerBase
{
    private OrderLinks Links => OrderLinks.For(Request, apiOptions.Value.PublicBaseUrl);

    /// <summary>The order as registered.</summary>
    /// <response code="200">The order.</response>
    /// <response code="404">No such order for this creator.</response>
    [HttpGet("{id:guid}")]
    [EndpointName("GetOrder")]
    [ProducesResponseType<NotificationOrderExt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<NotificationOrderExt> Get(Guid id, CancellationToken cancellationToken) =>
        (await sender.Send(new GetOrderQuery(id, User.RequireCreator()), cancellationToken)).ToExt(Links);

    /// <summary>The order's processing status and a summary of its notifications.</summary>
    /// <response code="200">The status.</response>
    /// <response code="404">No such order for this creator.</response>
    [HttpGet("{id:guid}/status")]
    [EndpointName("GetOrderStatus")]
    [ProducesResponseType<NotificationOrderWithStatusExt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<NotificationOrderWithStatusExt> GetStatus(Guid id, CancellationToken cancellationToken) =>
        (await sender.Send(new GetOrderStatusQuery(id, User.RequireCreator()), cancellationToken)).ToStatusExt(Links);

    /// <summary>The order's email notifications with each one's send status.</summary>
    /// <response code="200">The notifications (none before the order is processed).</response>
    /// <response code="404">No such order for this creator.</response>
    [HttpGet("{id:guid}/notifications/email")]
    [EndpointName("GetEmailNotifications")]
    [ProducesResponseType<EmailNotificationSummaryExt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<EmailNotificationSummaryExt> GetEmailNotifications(Guid id, CancellationToken cancellationToken) =>
        (await sender.Send(new GetEmailNotificationsQuery(id, User.RequireCreator()), cancellationToken)).ToExt();

    /// <summary>The caller's orders with the given senders reference.</summary>
    /// <response code="200">The orders (possibly none).</response>
    /// <response code="400">No senders reference given.</response>
    [HttpGet]
    [EndpointName("FindOrdersBySendersReference")]
    [ProducesResponseType<NotificationOrderListExt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<NotificationOrderListExt> FindBySendersReference([FromQuery] string? sendersReference, CancellationToken cancellationToken)
    {
        var orders = await sender.Send(new FindOrdersBySendersReferenceQuery(User.RequireCreator(), sendersReference), cancellationToken);
        var links = Links;
        return new NotificationOrderListExt(orders.Count, orders.Select(o => o.ToExt(links)).ToList());
    }

    /// <summary>Cancels an order that has not started processing and is not due within five minutes.</summary>
    /// <response code="200">The order, now Cancelled.</response>
    /// <response code="404">No such order for this creator.</response>
    /// <response code="409">Processing has started or the order is due within five minutes.</response>
    [HttpPut("{id:guid}/cancel")]
    [EndpointName("CancelOrder")]
    [ProducesResponseType<NotificationOrderWithStatusExt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<NotificationOrderWithStatusExt> Cancel(Guid id, CancellationToken cancellationToken) =>
        (await sender.Send(new CancelOrderCommand(id, User.RequireCreator()), cancellationToken)).ToStatusExt();
}
