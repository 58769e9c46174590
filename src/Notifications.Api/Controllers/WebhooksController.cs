using Microsoft.AspNetCore.Authorization;
using Notifications.Api.Auth;
using Notifications.Core.Common;
using Notifications.Core.Webhooks.Subscriptions;

namespace Notifications.Api.Controllers;

/// <summary>
/// Webhooks: the caller's status feed, pushed. Every entry written after a subscription was created is POSTed to it,
/// signed as Standard Webhooks, in sequence order, at least once, retried with back-off for 24 hours (docs/webhooks.md).
/// </summary>
[ApiController]
[Route("notifications/api/v1/future/webhooks")]
[Authorize(Policy = CreatorRequirement.PolicyName)]
public sealed class WebhooksController(ISender sender, IOptions<ApiOptions> apiOptions) : ControllerBase
{
    /// <summary>Subscribes a URL to the caller's status feed; at most five per creator.</summary>
    /// <param name="request">The URL: absolute, https, on a public address.</param>
    /// <param name="cancellationToken">The request's.</param>
    /// <response code="201">The subscription with its signing secret, which is never shown again; <c>Location</c> reads it back.</response>
    /// <response code="400">The URL is missing, not https, not on a public address, or the caller has five already.</response>
    [HttpPost]
    [EndpointName("PostWebhook")]
    [Consumes("application/json")]
    [ProducesResponseType<CreatedWebhookExt>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<CreatedResult> Post(WebhookRequestExt request, CancellationToken cancellationToken)
    {
        var created = (await sender.Send(new CreateWebhookCommand(User.RequireCreator(), request.Url), cancellationToken)).ToExt();
        return Created(OrderLinks.For(Request, apiOptions.Value.PublicBaseUrl).Webhook(created.Id), created);
    }

    /// <summary>The caller's webhook subscriptions, without their secrets.</summary>
    /// <param name="cancellationToken">The request's.</param>
    /// <response code="200">The subscriptions (possibly none).</response>
    [HttpGet]
    [EndpointName("GetWebhooks")]
    [ProducesResponseType<IReadOnlyList<WebhookExt>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<WebhookExt>> Get(CancellationToken cancellationToken) =>
        (await sender.Send(new ListWebhooksQuery(User.RequireCreator()), cancellationToken)).Select(s => s.ToExt()).ToList();

    /// <summary>One of the caller's webhook subscriptions, without its secret.</summary>
    /// <param name="id">The subscription's id.</param>
    /// <param name="cancellationToken">The request's.</param>
    /// <response code="200">The subscription.</response>
    /// <response code="404">No such subscription for this creator (or not an id).</response>
    [HttpGet("{id}")]
    [EndpointName("GetWebhook")]
    [ProducesResponseType<WebhookExt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<WebhookExt> GetOne(string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var subscriptionId)
            ? (await sender.Send(new GetWebhookQuery(subscriptionId, User.RequireCreator()), cancellationToken)).ToExt()
            : throw new NotFoundException(GetWebhookHandler.NotFound);

    /// <summary>Deletes a webhook subscription; nothing more is delivered to it.</summary>
    /// <param name="id">The subscription's id.</param>
    /// <param name="cancellationToken">The request's.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="404">No such subscription for this creator.</response>
    [HttpDelete("{id:guid}")]
    [EndpointName("DeleteWebhook")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<NoContentResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteWebhookCommand(id, User.RequireCreator()), cancellationToken);
        return NoContent();
    }
}
