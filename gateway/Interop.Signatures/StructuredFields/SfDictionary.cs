namespace Interop.Signatures.StructuredFields;

/// <summary>
/// A Dictionary field value (RFC 8941 §3.2): ordered members by key. Setting an existing key
/// replaces its value and keeps its position.
/// </summary>
public sealed class SfDictionary : SfOrderedMap<SfDictionary, SfMember>;
