using System.Text.Json.Nodes;

namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// Delivers the outbox messages of one channel (<c>http</c>, <c>email</c>, <c>webhook</c>…). The engine
/// knows channels only through this interface; the host registers one per channel name.
/// </summary>
public interface IOutboxChannel
{
    /// <summary>The <see cref="Persistence.OutboxRecord.Channel"/> value this channel delivers.</summary>
    string Name { get; }

    /// <summary>
    /// One attempt. It may change <see cref="OutboxMessage.Payload"/> (e.g. freeze what it rendered): the
    /// change is stored whatever the result, so the next attempt sends the same thing.
    /// </summary>
    Task<OutboxAttemptResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>Called once before the message is dead-lettered (a permanent failure, or retries exhausted).</summary>
    Task GiveUpAsync(OutboxMessage message, string error, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>One delivery attempt of an outbox row, as a channel sees it.</summary>
public sealed class OutboxMessage
{
    public required Guid Id { get; init; }
    public required string Channel { get; init; }
    public required JsonObject Payload { get; init; }

    /// <summary>Stable across attempts and redeliveries: the email Message-Id, the webhook-id, an Idempotency-Key.</summary>
    public required string IdempotencyKey { get; init; }
    public Guid? InstanceId { get; init; }
    public string? ActivityId { get; init; }

    /// <summary>1 on the first attempt.</summary>
    public required int Attempt { get; init; }

    /// <summary>True when a failure now is final: the retry window would be exceeded by the next attempt.</summary>
    public required bool IsLastAttempt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

public abstract record OutboxAttemptResult
{
    /// <summary>Delivered; <paramref name="Note"/> is kept on the row (e.g. the receiver's status code).</summary>
    public sealed record Delivered(string? Note = null) : OutboxAttemptResult;

    /// <summary>A transient failure: tried again with exponential backoff until the retry window ends.</summary>
    public sealed record Retry(string Error) : OutboxAttemptResult;

    /// <summary>A permanent failure (refused address, unknown subscription…): dead-lettered now.</summary>
    public sealed record Failed(string Error) : OutboxAttemptResult;

    public static OutboxAttemptResult Ok(string? note = null) => new Delivered(note);
    public static OutboxAttemptResult Transient(string error) => new Retry(error);
    public static OutboxAttemptResult Permanent(string error) => new Failed(error);
}
