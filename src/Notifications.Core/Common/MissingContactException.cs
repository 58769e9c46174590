namespace Notifications.Core.Common;

/// <summary>Some recipients have no contact information (reserved persons aside): nothing was stored (422 NOT-00001).</summary>
public sealed class MissingContactException(IReadOnlyList<string> missingContact)
    : Exception($"Missing contact information for {missingContact.Count} recipient(s).")
{
    /// <summary>The national identity numbers and organisation numbers without an email address.</summary>
    public IReadOnlyList<string> MissingContact { get; } = missingContact;
}
