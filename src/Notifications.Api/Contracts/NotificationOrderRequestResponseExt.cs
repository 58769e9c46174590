namespace Notifications.Api.Contracts;

/// <summary>The registered order's id and, when persons or organisations were looked up, the lookup result.</summary>
public sealed record NotificationOrderRequestResponseExt(Guid OrderId, RecipientLookupResultExt? RecipientLookup);

/// <summary>The result of looking up the order's persons and organisations at registration.</summary>
/// <param name="Status">Success, PartialSuccess or Failed.</param>
/// <param name="IsReserved">NINs of persons who are reserved against digital notifications.</param>
/// <param name="MissingContact">NINs and organisation numbers for which no email address was found.</param>
public sealed record RecipientLookupResultExt(RecipientLookupResultStatusExt Status, IReadOnlyList<string> IsReserved, IReadOnlyList<string> MissingContact);

public enum RecipientLookupResultStatusExt
{
    Success,
    PartialSuccess,
    Failed,
}
