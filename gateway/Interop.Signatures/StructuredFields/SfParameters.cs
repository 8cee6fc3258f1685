namespace Interop.Signatures.StructuredFields;

/// <summary>
/// Ordered parameters of an item or inner list (RFC 8941 §3.1.2). Setting an existing key replaces
/// its value and keeps its position, as the parsing algorithm requires.
/// </summary>
public sealed class SfParameters : SfOrderedMap<SfParameters, SfBareItem>;
