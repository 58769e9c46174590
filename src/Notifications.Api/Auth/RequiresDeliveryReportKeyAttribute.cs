namespace Notifications.Api.Auth;

/// <summary>
/// Marks an action that checks the delivery-report key itself (<see cref="DeliveryReportKeyOptions.Accepts"/>), so the
/// OpenAPI document declares the key's two <c>apiKey</c> schemes on it rather than no security at all.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresDeliveryReportKeyAttribute : Attribute;
