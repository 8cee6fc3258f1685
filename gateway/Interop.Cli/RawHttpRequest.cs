using System.Text;
using Interop.Signatures.Messages;

namespace Interop.Cli;

/// <summary>Reads a raw HTTP/1.1 request message (request line, header lines, blank line, body) as received.</summary>
internal static class RawHttpRequest
{
    /// <summary>Parses the bytes; the path and query are kept exactly as written.</summary>
    /// <param name="bytes">The message.</param>
    /// <param name="scheme">The scheme the request came in on.</param>
    public static HttpMessage Parse(byte[] bytes, string scheme)
    {
        var headerEnd = FindHeaderEnd(bytes, out var separatorLength);
        if (headerEnd < 0)
        {
            throw new CliException("not an HTTP/1.1 request: no blank line after the headers");
        }

        var lines = Encoding.Latin1.GetString(bytes, 0, headerEnd).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/", StringComparison.Ordinal) || !requestLine[1].StartsWith('/'))
        {
            throw new CliException($"not an HTTP/1.1 request line (METHOD /path HTTP/1.1): '{lines[0]}'");
        }

        var headers = new HttpFields();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new CliException($"not a header line (name: value): '{line}'");
            }

            headers.Add(line[..colon], line[(colon + 1)..].Trim(' ', '\t'));
        }

        var body = bytes.AsSpan(headerEnd + separatorLength).ToArray();
        if (headers.GetCombined("content-length") is { } length && int.TryParse(length, out var n) && n >= 0 && n < body.Length)
        {
            body = body[..n];
        }

        var target = requestLine[1];
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var authority = headers.GetCombined("host") ?? throw new CliException("the request has no Host header");
        return HttpMessage.Request(
            requestLine[0],
            scheme,
            authority,
            query < 0 ? target : target[..query],
            query < 0 ? null : target[(query + 1)..],
            headers,
            body);
    }

    private static int FindHeaderEnd(byte[] bytes, out int separatorLength)
    {
        for (var i = 0; i < bytes.Length - 1; i++)
        {
            if (bytes[i] == '\n' && bytes[i + 1] == '\n')
            {
                separatorLength = 2;
                return i;
            }

            if (i < bytes.Length - 3 && bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                separatorLength = 4;
                return i;
            }
        }

        separatorLength = 0;
        return -1;
    }
}
