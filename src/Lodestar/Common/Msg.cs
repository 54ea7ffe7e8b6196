using System.Globalization;

namespace Lodestar.Common;

/// <summary>A message in Vietnamese and English; the reader's culture picks one.</summary>
public sealed record Msg(string Vi, string En)
{
    public override string ToString() => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? En : Vi;
}

/// <summary>An expected failure of a use case, keyed by the field it concerns.</summary>
public sealed record Problem(string Field, Msg Message);

/// <summary>The result of a use case: a value, or the problems that stopped it.</summary>
public sealed class Outcome<T>
{
    private Outcome(T? value, IReadOnlyList<Problem> problems)
    {
        Value = value;
        Problems = problems;
    }

    public T? Value { get; }

    public IReadOnlyList<Problem> Problems { get; }

    public bool Succeeded => Problems.Count == 0;

    public static Outcome<T> Ok(T value) => new(value, []);

    public static Outcome<T> Fail(IReadOnlyList<Problem> problems) => new(default, problems);

    public static Outcome<T> Fail(string field, string vi, string en) => new(default, [new Problem(field, new Msg(vi, en))]);
}
