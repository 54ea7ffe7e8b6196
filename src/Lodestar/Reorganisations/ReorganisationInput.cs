using Lodestar.Common;

namespace Lodestar.Reorganisations;

public enum ChangeKind
{
    Rename,
    Retype,
    Merge,
    Split,
    Move,
    Create,
    Dissolve,
    Reshape,
}

/// <summary>What becomes of the accounts whose scope unit closes: moved to the successor (the default) or locked.</summary>
public enum AccountsChoice
{
    Move,
    Lock,
}

/// <summary>A unit a change creates: the target of a merge into a new unit, a part of a split, or a created unit.</summary>
public sealed record NewUnitInput(
    string? Code, string? Name, string? FullName, string? Type = null, string? Level = null, string? Parent = null, double? Share = null,
    string? NameEn = null, string? TypeEn = null, string? Boundary = null);

/// <summary>
/// One change, flat as the API takes it (docs/api.md): <c>rename</c> and <c>retype</c> (<c>Unit</c>, <c>Name</c>, <c>FullName</c>,
/// <c>Type</c>), <c>merge</c> (<c>From</c> into the existing <c>Into</c> or the new <c>IntoUnit</c>), <c>split</c> (<c>Unit</c>
/// into <c>Parts</c>), <c>move</c> (<c>Unit</c> under <c>Parent</c>), <c>create</c> (<c>NewUnit</c>), <c>dissolve</c> (<c>Unit</c>,
/// its <c>Successor</c>), <c>reshape</c> (<c>Unit</c>'s new <c>Boundary</c>). <c>Boundary</c> of a merge into an existing unit
/// replaces the union of the shapes. Codes of existing units are read on the day before the effective date.
/// </summary>
public sealed record ChangeInput(
    ChangeKind Kind, string? Unit = null, string? Name = null, string? FullName = null, string? Type = null,
    IReadOnlyList<string>? From = null, string? Into = null, NewUnitInput? IntoUnit = null, IReadOnlyList<NewUnitInput>? Parts = null,
    string? Parent = null, NewUnitInput? NewUnit = null, string? Successor = null, string? NameEn = null, string? TypeEn = null,
    string? Boundary = null);

public sealed record ReorganisationInput(DateOnly? EffectiveOn, string? Basis, IReadOnlyList<ChangeInput> Changes, AccountsChoice Accounts = AccountsChoice.Move);

/// <summary>
/// One consequence of a reorganisation, as the preview lists it and the record keeps it: what (<see cref="What"/>, a kebab
/// code), about whom (<see cref="Subject"/>: a unit code, a form, a task, an account…), from and to which unit, in words.
/// </summary>
public sealed record Consequence(string What, string Subject, string? From, string? To, Msg Text);

/// <summary>A reorganisation as recorded (or, for a preview, as it would be).</summary>
public sealed record ReorganisationResult(
    int Id, string Uid, DateOnly EffectiveOn, string Basis, IReadOnlyList<ChangeInput> Changes, IReadOnlyList<Consequence> Consequences,
    DateTime RecordedAt, string RecordedBy, bool Preview);
