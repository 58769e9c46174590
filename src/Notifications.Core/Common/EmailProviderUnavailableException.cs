namespace Notifications.Core.Common;

/// <summary>An email that had to be sent at once was refused or not answered by the provider: nothing was stored (503 NOT-00004).</summary>
public sealed class EmailProviderUnavailableException(string reason) : Exception($"The email provider did not accept the email: {reason}");
