using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Notifications.Core.Orders.Registration;

namespace Notifications.Api.Contracts;

/// <summary>
/// Enforces the recipient limit while reading the body (docs/architecture.md#hardening): recipient 100,001 stops the
/// body of <c>{}</c> (2.8 million recipients) never becomes 2.8 million objects. The validator keeps the same rule
/// for everything that does not come through JSON.
/// </summary>
public static class RecipientCountLimit
{
    /// <summary>The key the failure is reported under, as the validator would.</summary>
    public const string PropertyName = "Recipients";

    public static string Message => RegistrationLimits.TooManyRecipientsMessage;

    /// <summary>Makes the reader fill recipient lists that refuse to grow past the limit.</summary>
    public static void Modify(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type == typeof(IList<RecipientExt?>))
        {
            typeInfo.CreateObject = () => new BoundedRecipientList();
        }
    }

    /// <summary>
    /// A JsonException is what System.Text.Json turns into a 400 with a path; MVC's reader catches it and stops.
    /// <see cref="Errors.ValidationProblems"/> reports it under <see cref="PropertyName"/>.
    /// </summary>
    private sealed class BoundedRecipientList : Collection<RecipientExt?>
    {
        protected override void InsertItem(int index, RecipientExt? item)
        {
            if (Count >= RegistrationLimits.MaxRecipients)
            {
                throw new JsonException(Message);
            }

            base.InsertItem(index, item);
        }
    }
}
