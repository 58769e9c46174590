using FluentValidation;

namespace Notifications.Core.Webhooks.Subscriptions;

/// <summary>
/// A subscriber URL is absolute, at most 2,000 characters and passes the SSRF guard (https and public addresses only,
/// unless <c>SendCondition:AllowPrivateNetworks</c> is set), checked by <see cref="IWebhookUrlGuard"/>.
/// </summary>
public sealed class CreateWebhookValidator : AbstractValidator<CreateWebhookCommand>
{
    public const int MaxUrlLength = 2000;

    public CreateWebhookValidator(IWebhookUrlGuard guard)
    {
        RuleFor(c => c.Url)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("The url is required.")
            .MaximumLength(MaxUrlLength).WithMessage($"The url must be at most {MaxUrlLength} characters.")
            .Must(url => Uri.TryCreate(url, UriKind.Absolute, out _)).WithMessage("The url must be an absolute URL.")
            .CustomAsync(async (url, context, cancellationToken) =>
            {
                if (await guard.RefusalAsync(url!, cancellationToken) is { } refusal)
                {
                    context.AddFailure(refusal);
                }
            });
    }
}
