using System.Runtime.InteropServices;

namespace Lodestar.Testing;

/// <summary>
/// SoftHSM2 as the deployment's PKCS#11 module, set up once per test process before the library is first loaded (a
/// loaded module is kept for the process): two tokens with the organisation's openssl-made signer (one for the tests of
/// the organisation's key, one for those of people's keys: a login belongs to a token for the whole process, so test
/// classes that run side by side do not share one), and a person's token with their key and, for the refusals, keys that
/// are not theirs, expired or of a CA nobody trusts. ./test.sh installs softhsm2 and opensc.
/// </summary>
public static class SoftHsm
{
    public const string Library = "/usr/lib/softhsm/libsofthsm2.so", Organisation = "lodestar", Office = "co-quan", Pin = "123456";

    /// <summary>The person's token, its PIN and the labels on it: theirs, the organisation's signer, expired, untrusted.</summary>
    public const string Person = "nguyen-van-duyet", PersonPin = "246810", Own = "duyet", Other = "khac", Expired = "het-han", Untrusted = "la", Plain = "duyet-khong-dau";

    private static readonly Lazy<bool> Tokens = new(MakeTokens);

    public static bool Made() => Tokens.Value;

    /// <summary>SoftHSM reads SOFTHSM2_CONF from the process's C environment when the library starts: set there, not only in .NET's copy.</summary>
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code in the test project; one call does not warrant it.
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(byte[] name, byte[] value, int overwrite);

    private static byte[] C(string text) => System.Text.Encoding.UTF8.GetBytes(text + "\0");
#pragma warning restore SYSLIB1054

    private static bool MakeTokens()
    {
        var pki = TestPki.Instance;
        var dir = pki.PathOf("softhsm");
        Directory.CreateDirectory(Path.Combine(dir, "tokens"));
        var conf = Path.Combine(dir, "softhsm2.conf");
        File.WriteAllText(conf, $"directories.tokendir = {dir}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n");
        if (SetEnv(C("SOFTHSM2_CONF"), C(conf), 1) != 0)
        {
            throw new InvalidOperationException("setenv SOFTHSM2_CONF failed");
        }

        var env = new Dictionary<string, string> { ["SOFTHSM2_CONF"] = conf };

        void Put(string token, string pin, string name, string label, string id)
        {
            pki.Run("softhsm2-util", env, "--import", pki.PathOf($"{name}.key"), "--token", token, "--label", label, "--id", id, "--pin", pin);
            pki.OpenSsl("x509", "-in", $"{name}.pem", "-outform", "DER", "-out", $"{name}.der");
            pki.Run("pkcs11-tool", env, "--module", Library, "--token-label", token, "--login", "--pin", pin,
                "--write-object", pki.PathOf($"{name}.der"), "--type", "cert", "--id", id, "--label", label);
        }

        pki.Run("softhsm2-util", env, "--init-token", "--free", "--label", Organisation, "--pin", Pin, "--so-pin", "12345678");
        Put(Organisation, Pin, "signer", "signer", "01");
        pki.Run("softhsm2-util", env, "--init-token", "--free", "--label", Office, "--pin", Pin, "--so-pin", "12345678");
        Put(Office, Pin, "signer", "signer", "01");
        pki.Run("softhsm2-util", env, "--init-token", "--free", "--label", Person, "--pin", PersonPin, "--so-pin", "12345678");
        Put(Person, PersonPin, "person", Own, "02");
        Put(Person, PersonPin, "signer", Other, "03");
        Put(Person, PersonPin, "expired", Expired, "04");
        Put(Person, PersonPin, "untrusted", Untrusted, "05");
        Put(Person, PersonPin, "person-plain", Plain, "06");
        return true;
    }
}
