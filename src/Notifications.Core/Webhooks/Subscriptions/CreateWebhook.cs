using System.Security.Cryptography;
using FluentValidation;
using FluentValidation.Results;

namespace Notifications.Core.Webhooks.Subscriptions;

/// <summary><c>POST /future/webhooks</c>: subscribes <paramref name="Url"/> to the creator's status feed.</summary>
public sealed record CreateWebhookCommand(string Creator, string? Url) : ICommand<CreatedWebhook>;

/// <summary>
/// Stores the subscription with a new secret, <c>whsec_</c> + base64 of 32 random bytes (Standard Webhooks' format).
/// The limit of <see cref="WebhookOptions.MaxPerCreator"/> is checked by the store in the insert's transaction, so two
/// concurrent requests cannot both be the fifth.
/// </summary>
public sealed class CreateWebhookHandler(IWebhookSubscriptions subscriptions) : ICommandHandler<CreateWebhookCommand, CreatedWebhook>
{
    public const string SecretPrefix = "whsec_";

    public async ValueTask<CreatedWebhook> Handle(CreateWebhookCommand command, CancellationToken cancellationToken)
    {
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var subscription = await subscriptions.AddAsync(command.Creator, command.Url!, secret, WebhookOptions.MaxPerCreator, cancellationToken)
            ?? throw new ValidationException(
                [new ValidationFailure(nameof(command.Url), $"At most {WebhookOptions.MaxPerCreator} webhooks per creator; delete one first.")]);
        return new CreatedWebhook(subscription, secret);
    }
}
