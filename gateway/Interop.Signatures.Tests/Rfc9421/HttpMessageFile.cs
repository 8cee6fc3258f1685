using System.Text;
using Interop.Signatures.Messages;

namespace Interop.Signatures.Tests.Rfc9421;

/// <summary>Reads the HTTP/1.1 wire-format example messages of the RFC 9421 vectors.</summary>
internal static class HttpMessageFile
{
    public static HttpMessage Read(string relativePath, HttpMessage? relatedRequest = null)
    {
        var bytes = File.ReadAllBytes(TestVectorFiles.PathOf("rfc9421", relativePath));
        var text = Encoding.ASCII.GetString(bytes);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..headerEnd].Split("\r\n");
        var content = bytes.AsMemory(headerEnd + 4);

        var headers = new HttpFields();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(line[..colon], line[(colon + 1)..].Trim());
        }

        var start = lines[0].Split(' ');
        if (start[0].StartsWith("HTTP/", StringComparison.Ordinal))
        {
            return HttpMessage.Response(int.Parse(start[1], System.Globalization.CultureInfo.InvariantCulture), headers, relatedRequest, content);
        }

        var target = start[1];
        var question = target.IndexOf('?', StringComparison.Ordinal);
        return HttpMessage.Request(
            start[0],
            "https",
            headers.GetCombined("host")!,
            question < 0 ? target : target[..question],
            question < 0 ? null : target[(question + 1)..],
            headers,
            content);
    }
}
