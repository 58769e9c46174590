namespace Notifications.Core.Orders.Registration;

// The future API's shapes that several of its endpoints take (chains, instant emails), property for property
// (docs/future-orders.md): validation errors are keyed by these names, which are the JSON's in PascalCase.

public enum SendingTimePolicy
{
    Anytime,
    Daytime,
}

/// <param name="SenderEmailAddress">As the client gave it; absent or empty means <see cref="EmailDefaults.DefaultFromAddress"/>.</param>
public sealed record EmailSettingsInput(
    string? Subject,
    string? Body,
    EmailContentType ContentType = EmailContentType.Plain,
    string? SenderEmailAddress = null,
    SendingTimePolicy SendingTimePolicy = SendingTimePolicy.Anytime);

public sealed record RecipientEmailInput(string? EmailAddress, EmailSettingsInput? EmailSettings);

public sealed record DialogportenInput(string? DialogId, string? TransmissionId);

/// <summary>One shipment of a registered chain, as the 201 and its replays name it.</summary>
public sealed record ShipmentReceipt(Guid ShipmentId, string? SendersReference);
