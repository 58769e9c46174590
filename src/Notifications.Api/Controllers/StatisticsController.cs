using Microsoft.AspNetCore.Authorization;
using Notifications.Api.Auth;
using Notifications.Core.Statistics;

namespace Notifications.Api.Controllers;

/// <summary>The caller's own figures: orders, emails by status, delivery rate and send delay, per day or hour.</summary>
[ApiController]
[Route("notifications/api/v1/future/statistics")]
[Authorize(Policy = CreatorRequirement.PolicyName)]
public sealed class StatisticsController(ISender sender) : ControllerBase
{
    /// <summary>
    /// The caller's orders and emails by requested send time (UTC), per day or hour, with their totals, the backlog and
    /// the orders still scheduled now, and the caller's organisation (<c>creator</c>). Read from aggregates kept as emails
    /// change (docs/statistics.md), so it is fast for any number of emails.
    /// </summary>
    /// <param name="from">First day (yyyy-MM-dd, UTC). Default: six days before <c>to</c>, or six days ago.</param>
    /// <param name="to">Last day, inclusive (yyyy-MM-dd, UTC). Default: six days after <c>from</c>, or today.</param>
    /// <param name="groupBy"><c>day</c> (default) or <c>hour</c>.</param>
    /// <param name="cancellationToken">The request's.</param>
    /// <response code="200">The figures.</response>
    /// <response code="400">A date that is not yyyy-MM-dd, <c>from</c> after <c>to</c>, more than 92 days or 2,000 buckets, an unknown
    /// <c>groupBy</c>, or a control character; <c>errors</c> names the parameter.</response>
    /// <response code="401">No valid token.</response>
    /// <response code="403">The token lacks the scope or a creator organisation.</response>
    [HttpGet]
    [EndpointName("GetStatistics")]
    [ProducesResponseType<StatisticsExt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<StatisticsExt> Get(
        [FromQuery] string? from = null, [FromQuery] string? to = null, [FromQuery] string? groupBy = null, CancellationToken cancellationToken = default) =>
        (await sender.Send(new GetStatisticsQuery(User.RequireCreator(), from, to, groupBy), cancellationToken)).ToExt();
}
