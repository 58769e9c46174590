using System.Security.Cryptography;
using System.Text.Json;

namespace Notifications.Core.Orders.Registration;

/// <summary>Where a creator's idempotency keys live, so that the same key names one registration in each.</summary>
public enum IdempotencyScope
{
    /// <summary>v1's <c>Idempotency-Key</c> header: one key, one order.</summary>
    OrderKey,

    /// <summary>The future API's <c>idempotencyId</c>: one id, one order chain, whichever endpoint created it.</summary>
    ChainId,
}

/// <summary>
/// A command that registers orders under a creator's idempotency key (as eShop's <c>IdentifiedCommand</c>): the same key
/// with the same request answers with the first registration's receipt, with another request it is a conflict
/// (docs/architecture.md#registration). Every registration endpoint implements this once; <see cref="ReplayFirstBehavior{TCommand,TReceipt}"/>
/// and <see cref="RegistrationReplays"/> do the rest. <see cref="Scope"/> is implemented explicitly, so that it stays out
/// of the request's JSON that <see cref="RegistrationHash"/> hashes.
/// </summary>
public interface IRegistrationCommand<TReceipt> : ICommand<TReceipt>
    where TReceipt : class
{
    /// <summary>The creator (owning organisation) that registers.</summary>
    string Creator { get; }

    /// <summary>The creator's key; null when the request carries none (a v1 order without the header): never a replay.</summary>
    string? IdempotencyKey { get; }

    IdempotencyScope Scope { get; }

    /// <summary>What the client asked for, without who asked (see <see cref="RegistrationHash.Of{T}"/>).</summary>
    string RequestHash();

    /// <summary>The receipt to answer a replay of <paramref name="prior"/> with.</summary>
    TReceipt Replay(PriorRegistration prior);
}

/// <summary>The one request hash of every registration: a retry with another body must be told apart (409).</summary>
public static class RegistrationHash
{
    /// <param name="request">The command with the caller's identity (and a key sent beside the body) blanked out.</param>
    public static string Of<T>(T request) => Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));
}
