using System.ComponentModel.DataAnnotations;
using Lodestar.Setup;
using Microsoft.Extensions.Configuration;

namespace Lodestar.Signing;

/// <summary>
/// The organisation's signing key and what signatures are checked against (README configuration table, docs/api.md).
/// Set either a PKCS#12 file or a PKCS#11 token; neither leaves documents unsigned.
/// </summary>
public sealed class SigningOptions
{
    /// <summary>LODESTAR_SIGNING_CERT: a PKCS#12 (.p12/.pfx) file with the organisation's key, its certificate and the chain.</summary>
    [ConfigurationKeyName("LODESTAR_SIGNING_CERT")]
    public string? Certificate { get; init; }

    [ConfigurationKeyName("LODESTAR_SIGNING_PASSWORD")]
    public string? Password { get; init; }

    /// <summary>LODESTAR_SIGNING_PKCS11: the PKCS#11 library of the token or HSM (e.g. /usr/lib/softhsm/libsofthsm2.so).</summary>
    [ConfigurationKeyName("LODESTAR_SIGNING_PKCS11")]
    public string? Pkcs11Library { get; init; }

    [ConfigurationKeyName("LODESTAR_SIGNING_PKCS11_PIN")]
    public string? Pkcs11Pin { get; init; }

    /// <summary>LODESTAR_SIGNING_PKCS11_TOKEN: the token's label (default: the first token present).</summary>
    [ConfigurationKeyName("LODESTAR_SIGNING_PKCS11_TOKEN")]
    public string? Pkcs11Token { get; init; }

    /// <summary>LODESTAR_SIGNING_TSA: an RFC 3161 timestamp server; signatures then carry its timestamp (PAdES B-T).</summary>
    [ConfigurationKeyName("LODESTAR_SIGNING_TSA")]
    [Url]
    public string? TimestampUrl { get; init; }

    /// <summary>
    /// LODESTAR_SIGNING_TRUSTED_ROOTS: a PEM bundle, or a folder of .pem/.crt/.cer files, of the root certificates that
    /// signatures must chain to, e.g. the national root CA for public digital signatures. Unset: no signature is trusted.
    /// </summary>
    [ConfigurationKeyName("LODESTAR_SIGNING_TRUSTED_ROOTS")]
    public string? TrustedRoots { get; init; }

    /// <summary>
    /// LODESTAR_SIGNING_PERSONAL: accounts may upload their own PKCS#12 (page /account/signing); the approver of a report
    /// and the person who issues a pack then sign with it, and the organisation's key signs after them (default false).
    /// </summary>
    [ConfigurationKeyName("LODESTAR_SIGNING_PERSONAL")]
    public bool Personal { get; init; }

    /// <summary>
    /// LODESTAR_SIGNING_LTV: after signing, add a document security store with the signers' certificates and the CRLs of
    /// their CRL distribution points (PAdES B-LT), so the signature can be validated later without reaching the issuers.
    /// </summary>
    [ConfigurationKeyName("LODESTAR_SIGNING_LTV")]
    public bool LongTerm { get; init; }

    public bool SignsWithFile => !string.IsNullOrWhiteSpace(Certificate);

    public bool SignsWithToken => !string.IsNullOrWhiteSpace(Pkcs11Library);

    /// <summary>Reads the settings and opens the key and the roots they name, so a wrong file, password or PIN stops the start.</summary>
    public static SigningOptions Check(IConfiguration config, List<string> problems)
    {
        var before = problems.Count;
        var options = Settings.Read<SigningOptions>(config, problems);
        if (problems.Count == before)
        {
            problems.AddRange(SigningKey.Problems(options));
            problems.AddRange(TrustedRootStore.Problems(options));
        }

        return options;
    }

    public override string ToString() =>
        $"SigningOptions {{ Certificate = {Certificate}, Pkcs11Library = {Pkcs11Library}, Pkcs11Token = {Pkcs11Token}, TimestampUrl = {TimestampUrl}, TrustedRoots = {TrustedRoots}, Personal = {Personal}, LongTerm = {LongTerm} }}";
}
