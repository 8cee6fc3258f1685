namespace Interop.Conformance.Tests.Defects;

/// <summary>A defect planted in the Example adapter, each one that some real adapter could have.</summary>
public enum Defect
{
    /// <summary>None: the sound Example adapter, the control.</summary>
    None,

    /// <summary>The family name comes out in lower case: the output no longer matches the reviewed golden.</summary>
    GoldenMismatch,

    /// <summary>The Patient loses its gender, which the identity profile requires.</summary>
    InvalidFhir,

    /// <summary>The Patient id is a new GUID on every call, and the goldens mask the id.</summary>
    NondeterministicIds,

    /// <summary>The registry-bound Patient carries the household's IDPoor poverty level: program data.</summary>
    RegistryLeak,

    /// <summary>The Patient links to a Patient that is neither in the mapping nor a declared upstream.</summary>
    DanglingReference,

    /// <summary>Bad input makes the adapter throw instead of answering with field errors.</summary>
    ExceptionOnBadInput,

    /// <summary>Bad input makes the adapter block far past any time budget.</summary>
    HangOnBadInput,
}
