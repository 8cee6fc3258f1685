namespace Interop.Contracts.Standards;

/// <summary>The identifier systems (NamingSystems) of <c>standards/</c>, with their formats and check digits.</summary>
public interface IIdentifierSystems
{
    /// <summary>Checks an identifier value against its NamingSystem's pattern and check digit.</summary>
    /// <param name="system">The identifier system uri (<c>https://fhir.nspc.gov.kh/sid/khmer-national-id</c>).</param>
    /// <param name="value">The value, already normalized (ASCII digits, no spaces).</param>
    /// <returns>The verdict.</returns>
    IdentifierCheck Check(string system, string value);

    /// <summary>Whether the system is one of ours.</summary>
    /// <param name="system">The identifier system uri.</param>
    /// <returns><see langword="true"/> for a known NamingSystem.</returns>
    bool IsKnown(string system);
}

/// <summary>The verdict of <see cref="IIdentifierSystems.Check"/>.</summary>
public enum IdentifierCheck
{
    /// <summary>The value has the system's format and a correct check digit.</summary>
    Valid,

    /// <summary>The system is not a NamingSystem of <c>standards/</c>.</summary>
    UnknownSystem,

    /// <summary>The value does not have the system's format.</summary>
    InvalidFormat,

    /// <summary>The value has the format, but its check digit is wrong (a mistyped identifier).</summary>
    InvalidCheckDigit,
}
