using Mediator;
using Notifications.Core.Domain;

namespace Notifications.Core.Dispatch.DeliveryReports;

/// <summary>
/// Stores delivery reports (idempotent on event id) and applies each to the email sent under its message id; a report
/// for a message id not recorded yet is kept and applied when the send is recorded.
/// </summary>
/// <returns>The number of reports not seen before.</returns>
public sealed record ApplyDeliveryReportsCommand(IReadOnlyList<DeliveryReport> Reports) : ICommand<int>;
