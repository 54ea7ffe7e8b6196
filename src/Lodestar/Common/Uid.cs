using System.Security.Cryptography;
using System.Text;

namespace Lodestar.Common;

/// <summary>Stable exported identifiers: 11 characters, a letter first (the DHIS2 convention).</summary>
public static class Uid
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Alphabet = Letters + "0123456789";

    public static string New() => FromBytes(RandomNumberGenerator.GetBytes(11));

    /// <summary>The same seed always gives the same uid: official units keep their uid across re-imports.</summary>
    public static string FromSeed(string seed) => FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    private static string FromBytes(byte[] bytes)
    {
        var chars = new char[11];
        chars[0] = Letters[bytes[0] % Letters.Length];
        for (var i = 1; i < chars.Length; i++)
        {
            chars[i] = Alphabet[bytes[i] % Alphabet.Length];
        }

        return new string(chars);
    }
}
