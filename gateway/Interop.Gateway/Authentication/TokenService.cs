using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Interop.Gateway.Authentication;

/// <summary>The outcome of a grant.</summary>
internal sealed record TokenGrant(string AccessToken, string RefreshToken, int ExpiresIn);

/// <summary>Who a valid access token speaks for.</summary>
internal sealed record LegacyPrincipal(string Username, string ClientId, IReadOnlyList<string> Facilities);

/// <summary>
/// Issues and checks the legacy clients' tokens: access tokens are JWTs signed with HMAC-SHA256
/// (Microsoft.IdentityModel), refresh tokens are random, kept hashed, single-use and rotated.
/// </summary>
internal sealed class TokenService
{
    private const string Issuer = "interop-gateway";
    private const string Audience = "legacy-clients";

    private readonly LegacyAuthOptions _options;
    private readonly TimeProvider _clock;
    private readonly SymmetricSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly ConcurrentDictionary<string, (string Username, string ClientId, DateTimeOffset Expires)> _refreshTokens = new(StringComparer.Ordinal);

    public TokenService(IOptions<LegacyAuthOptions> options, TimeProvider clock)
    {
        _options = options.Value;
        _clock = clock;
        _key = new SymmetricSecurityKey(_options.SigningKey.Length > 0 ? Convert.FromBase64String(_options.SigningKey) : RandomNumberGenerator.GetBytes(32));
    }

    public TokenGrant? PasswordGrant(string clientId, string clientSecret, string username, string password)
    {
        if (!ClientIsValid(clientId, clientSecret)
            || _options.Users.FirstOrDefault(u => u.Username == username) is not { } user
            || !PasswordHasher.Verify(password, user.PasswordHash))
        {
            return null;
        }

        return Issue(user, clientId);
    }

    public TokenGrant? RefreshGrant(string clientId, string clientSecret, string refreshToken)
    {
        if (!ClientIsValid(clientId, clientSecret) || !_refreshTokens.TryRemove(Digest(refreshToken), out var entry)
            || entry.ClientId != clientId || entry.Expires <= _clock.GetUtcNow()
            || _options.Users.FirstOrDefault(u => u.Username == entry.Username) is not { } user)
        {
            return null;
        }

        return Issue(user, clientId);
    }

    public async Task<LegacyPrincipal?> ValidateAsync(string accessToken)
    {
        var result = await _handler.ValidateTokenAsync(accessToken, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            LifetimeValidator = (notBefore, expires, _, _) => expires is { } e && e > _clock.GetUtcNow().UtcDateTime,
            ClockSkew = TimeSpan.Zero,
        });
        if (!result.IsValid)
        {
            return null;
        }

        var claims = result.ClaimsIdentity;
        return new LegacyPrincipal(
            claims.FindFirst("sub")?.Value ?? "",
            claims.FindFirst("client_id")?.Value ?? "",
            claims.FindAll("facility").Select(c => c.Value).ToList());
    }

    private TokenGrant Issue(LegacyUser user, string clientId)
    {
        var now = _clock.GetUtcNow();
        var identity = new ClaimsIdentity([new Claim("sub", user.Username), new Claim("client_id", clientId), .. user.Facilities.Select(f => new Claim("facility", f))]);
        var access = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = identity,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + _options.AccessTokenLifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        var refresh = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _refreshTokens[Digest(refresh)] = (user.Username, clientId, now + _options.RefreshTokenLifetime);
        return new TokenGrant(access, refresh, (int)_options.AccessTokenLifetime.TotalSeconds);
    }

    private bool ClientIsValid(string clientId, string secret) =>
        _options.Clients.FirstOrDefault(c => c.ClientId == clientId) is { } client && PasswordHasher.Verify(secret, client.SecretHash);

    private static string Digest(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
