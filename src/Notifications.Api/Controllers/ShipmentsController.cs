using Microsoft.AspNetCore.Authorization;
using Notifications.Api.Auth;
using Notifications.Core.Common;
using Notifications.Core.Shipments;

namespace Notifications.Api.Controllers;

/// <summary>Shipments (every order is one) and the status feed of shipments that reached a final state.</summary>
[ApiController]
[Route("notifications/api/v1/future/shipment")]
[Authorize(Policy = CreatorRequirement.PolicyName)]
public sealed class ShipmentsController(ISender sender) : ControllerBase
{
    /// <summary>
    /// The caller's shipments that reached a final state (Completed, SendConditionNotMet, Cancelled), in sequence order.
    /// Keep the last <c>sequenceNumber</c> and ask again with <c>seq</c>: no entry is ever skipped, even while shipments
    /// become final on several hosts at once.
    /// </summary>
    /// <param name="seq">Exclusive cursor: asc gives entries after it, desc entries before it (the newest when 0).</param>
    /// <param name="pageSize">1 to 500 (default 500); values outside are clamped.</param>
    /// <param name="orderBy">asc (default) or desc.</param>
    /// <param name="cancellationToken">The request's.</param>
    /// <response code="200">The entries (possibly none).</response>
    /// <response code="400">A negative <c>seq</c> or an unknown <c>orderBy</c>.</response>
    [HttpGet("feed")]
    [EndpointName("GetShipmentFeed")]
    [ProducesResponseType<IReadOnlyList<FeedEntryExt>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IReadOnlyList<FeedEntryExt>> GetFeed(
        [FromQuery] long seq = 0, [FromQuery] int? pageSize = null, [FromQuery] string? orderBy = null, CancellationToken cancellationToken = default) =>
        (await sender.Send(new ReadFeedQuery(User.RequireCreator(), seq, pageSize, orderBy), cancellationToken)).Select(e => e.ToExt()).ToList();

    /// <summary>A shipment (any order: v1, a chain's main shipment or reminder, an instant email) with its emails.</summary>
    /// <param name="id">The shipment id (an order id).</param>
    /// <param name="cancellationToken">The request's.</param>
    /// <response code="200">The shipment.</response>
    /// <response code="404">No such shipment for this creator (NOT-00003).</response>
    [HttpGet("{id}")]
    [EndpointName("GetShipment")]
    [ProducesResponseType<ShipmentExt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ShipmentExt> Get(string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var shipmentId)
            ? (await sender.Send(new GetShipmentQuery(shipmentId, User.RequireCreator()), cancellationToken)).ToExt()
            : throw new ShipmentNotFoundException();
}
