using System.Security.Cryptography;
using System.Text;

namespace Interop.Gateway.Hosting;

/// <summary>Checks a presented API key against the configured ones without leaking, through timing, how much of it matched.</summary>
internal static class ApiKeys
{
    public static bool Accepts(IEnumerable<string> keys, string presented)
    {
        if (presented.Length == 0)
        {
            return false;
        }

        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return keys.Any(k => k.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(k)), presentedHash));
    }
}
