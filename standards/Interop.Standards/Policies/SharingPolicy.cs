namespace Interop.Standards.Policies;

/// <summary>A loaded sharing policy: who sends to whom, for which interactions, and the elements allowed per resource type.</summary>
internal sealed class SharingPolicy(string id, string sender, string receiver, IReadOnlySet<string> interactions, IReadOnlyDictionary<string, AllowTree> resources)
{
    public string Id { get; } = id;

    public string Sender { get; } = sender;

    public string Receiver { get; } = receiver;

    public IReadOnlySet<string> Interactions { get; } = interactions;

    /// <summary>Resource type → what of it is allowed. A type not listed is not shared at all.</summary>
    public IReadOnlyDictionary<string, AllowTree> Resources { get; } = resources;

    public bool AppliesTo(string sender, string receiver, string interaction) =>
        (Sender == "*" || Sender == sender) && Receiver == receiver && Interactions.Contains(interaction);
}
