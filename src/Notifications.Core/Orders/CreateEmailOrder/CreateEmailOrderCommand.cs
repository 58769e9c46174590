using Mediator;
using Notifications.Core.Domain;

namespace Notifications.Core.Orders.CreateEmailOrder;

/// <summary>
/// Registers an email order. Property names mirror the request contract so validation errors are keyed by the
/// request's property paths (<c>Recipients[0].EmailAddress</c>).
/// </summary>
/// <param name="RequestedSendTime">As parsed from JSON: <see cref="DateTimeKind.Unspecified"/> means the client gave no zone.</param>
public sealed record CreateEmailOrderCommand(
    string Creator,
    string? Subject,
    string? Body,
    IReadOnlyList<RecipientInput?>? Recipients,
    EmailContentType ContentType = EmailContentType.Plain,
    DateTime? RequestedSendTime = null,
    string? SendersReference = null,
    string? ResourceId = null,
    bool IgnoreReservation = false,
    string? ConditionEndpoint = null,
    string? IdempotencyKey = null) : ICommand<CreateEmailOrderResult>;

public sealed record RecipientInput(
    string? EmailAddress = null,
    string? NationalIdentityNumber = null,
    string? OrganizationNumber = null,
    string? MobileNumber = null);

/// <param name="Replayed">True when an earlier request with the same idempotency key created the order.</param>
public sealed record CreateEmailOrderResult(Guid OrderId, RecipientLookupResult? RecipientLookup, bool Replayed);
