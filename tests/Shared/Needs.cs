namespace Lodestar.Testing;

/// <summary>
/// A test that needs more than its project's run gives carries <c>[Trait(Needs.Trait, Needs.Standby)]</c>: it reads a
/// real PostgreSQL streaming standby (ADR 0027). test.sh leaves such tests out of the other runs (<c>--filter
/// Needs!=standby</c>), starts the standby only after them — its replay of every other test's writes would slow those
/// runs — and runs them with it: the domain ones in their own run, the HTTP one in the PostgreSQL HTTP run. So none is
/// ever passed unchecked or skipped.
/// </summary>
public static class Needs
{
    public const string Trait = "Needs";

    public const string Standby = "standby";
}
