using System.Globalization;
using Interop.Contracts.Mapping;
using Interop.Contracts.Standards;

namespace Interop.Gateway.Pipeline;

/// <summary>Builds <see cref="GatewayError"/>s with the HTTP status the <c>gateway-error</c> CodeSystem gives each code.</summary>
internal sealed class GatewayErrors
{
    private readonly Dictionary<string, int> _statusByCode;

    public GatewayErrors(ITerminology terminology)
    {
        _statusByCode = terminology.Concepts("gateway-error")
            .Where(c => c.Properties.ContainsKey("http-status"))
            .ToDictionary(c => c.Code, c => int.Parse(c.Properties["http-status"], CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    public GatewayError Create(string code, string message, IReadOnlyList<FieldError>? fields = null) =>
        new(code, _statusByCode.GetValueOrDefault(code, 500), message, fields);

    public int StatusOf(string code) => _statusByCode.GetValueOrDefault(code, 500);
}
