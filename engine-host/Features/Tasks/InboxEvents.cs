using System.Threading.Channels;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Tasks;

/// <summary>
/// A change to a task, as the inbox stream sends it: <c>task.created</c>, <c>task.claimed</c>, <c>task.unclaimed</c>,
/// <c>task.reassigned</c>, <c>task.updated</c> (priority, due time, title), <c>task.completed</c>, <c>task.cancelled</c>.
/// </summary>
/// <param name="Id">The stream's event id (<c>{epoch}-{sequence}</c>): send it back as <c>Last-Event-ID</c>.</param>
public sealed record InboxEvent(string Id, string Type, Guid TaskId, Guid InstanceId, string Title, string? Assignee, string? PreviousAssignee,
    string? Team, string? Role, string? Priority, HumanTaskStatus Status, int Version, DateTimeOffset? DueAt, string? Outcome, DateTimeOffset At);

/// <summary>
/// The process's inbox events, in commit order, with a short memory (<see cref="Capacity"/> events) so a stream that
/// reconnects with <c>Last-Event-ID</c> gets what it missed. In memory: an id from before a restart (another epoch)
/// or older than the memory gets a <c>reset</c> event (reload the list), never a silent gap.
/// </summary>
public sealed class InboxEventHub
{
    public const int Capacity = 4096;

    private readonly Lock _lock = new();
    private readonly InboxEvent[] _ring = new InboxEvent[Capacity];
    private readonly List<Channel<InboxEvent>> _subscribers = [];
    private long _next = 1;

    /// <summary>Distinguishes this process's ids from an earlier run's.</summary>
    public string Epoch { get; } = Guid.NewGuid().ToString("N")[..8];

    public void Publish(IEnumerable<InboxEvent> events)
    {
        lock (_lock)
        {
            foreach (var e in events)
            {
                var sequence = _next++;
                var published = e with { Id = $"{Epoch}-{sequence}" };
                _ring[sequence % Capacity] = published;
                foreach (var subscriber in _subscribers)
                    subscriber.Writer.TryWrite(published);
            }
        }
    }

    /// <summary>
    /// Starts a subscription: the events after <paramref name="lastEventId"/> still in memory (or null when they are not:
    /// the caller must reload), then every new one through the channel, without a gap or a repeat between the two.
    /// </summary>
    public (List<InboxEvent>? Missed, Channel<InboxEvent> Channel) Subscribe(string? lastEventId)
    {
        var channel = Channel.CreateUnbounded<InboxEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_lock)
        {
            _subscribers.Add(channel);
            if (string.IsNullOrWhiteSpace(lastEventId))
                return ([], channel);
            var parts = lastEventId.Trim().Split('-');
            if (parts.Length != 2 || parts[0] != Epoch || !long.TryParse(parts[1], out var last) || last >= _next
                || last < _next - Capacity)
                return (null, channel);
            var missed = new List<InboxEvent>();
            for (var s = last + 1; s < _next; s++)
                missed.Add(_ring[s % Capacity]);
            return (missed, channel);
        }
    }

    public void Unsubscribe(Channel<InboxEvent> channel)
    {
        lock (_lock)
            _subscribers.Remove(channel);
        channel.Writer.TryComplete();
    }
}
