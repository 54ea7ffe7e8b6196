using Lodestar.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.People;

public sealed record PositionView(int Id, string Uid, string Title, bool IsHead, IReadOnlyList<TermView> Terms);

public sealed record TermView(string Uid, string Person, DateOnly StartOn, DateOnly? EndOn, string? Note);

/// <summary>
/// A person found by name, with the post of his latest term in the searched units (the one that tells two namesakes apart)
/// and its uid (what a task names as its accountable position).
/// </summary>
public sealed record PersonItem(string Uid, string FullName, string? Position, string? UnitCode, string? UnitName, bool InPost, string? PositionUid = null);

/// <summary>Positions of a unit and the terms of the people who hold them.</summary>
public sealed class PeopleService(LodestarDbContext db)
{
    public async Task<List<PositionView>> PositionsAsync(int unitId, CancellationToken ct = default)
    {
        var positions = await db.Positions.AsNoTracking().Where(p => p.OrgUnitId == unitId)
            .OrderByDescending(p => p.IsHead).ThenBy(p => p.SortOrder).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.Uid, p.Title, p.IsHead })
            .ToListAsync(ct);
        var ids = positions.Select(p => p.Id).ToList();
        var terms = await db.PositionTerms.AsNoTracking().Where(t => ids.Contains(t.PositionId))
            .Select(t => new { t.PositionId, t.Uid, t.Person.FullName, t.StartOn, t.EndOn, t.Note })
            .ToListAsync(ct);
        return positions.Select(p => new PositionView(p.Id, p.Uid, p.Title, p.IsHead,
                terms.Where(t => t.PositionId == p.Id).OrderByDescending(t => t.StartOn)
                    .Select(t => new TermView(t.Uid, t.FullName, t.StartOn, t.EndOn, t.Note)).ToList()))
            .ToList();
    }

    /// <summary>
    /// People who hold or held a post in one of the units <paramref name="within"/> (null: every unit), whose name has every
    /// word of <paramref name="query"/> — accents optional (the folded <see cref="Person.SearchText"/>); by name. With
    /// <paramref name="inPost"/>, only those who hold a post there <paramref name="today"/>, with that post.
    /// </summary>
    public async Task<OrgUnits.Page<PersonItem>> SearchAsync(string? query, IReadOnlySet<int>? within, DateOnly today, int page, int pageSize,
        bool inPost = false, CancellationToken ct = default)
    {
        var terms = db.PositionTerms.AsNoTracking();
        if (within is not null)
        {
            terms = terms.Where(t => within.Contains(t.Position.OrgUnitId));
        }

        if (inPost)
        {
            terms = terms.Where(t => t.StartOn <= today && (t.EndOn == null || t.EndOn >= today));
        }

        var people = db.People.AsNoTracking().Where(p => terms.Any(t => t.PersonId == p.Id));
        foreach (var word in TextFold.Words(query))
        {
            people = people.Where(p => p.SearchText.Contains(word));
        }

        var total = await people.CountAsync(ct);
        var found = await people.OrderBy(p => p.SearchText).ThenBy(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new { p.Id, p.Uid, p.FullName })
            .ToListAsync(ct);
        var ids = found.Select(p => p.Id).ToList();
        var posts = (await terms.Where(t => ids.Contains(t.PersonId))
            .Select(t => new { t.PersonId, t.StartOn, t.EndOn, t.Position.Title, PositionUid = t.Position.Uid, t.Position.OrgUnit.Code, t.Position.OrgUnit.FullName })
            .ToListAsync(ct)).ToLookup(t => t.PersonId);
        return new OrgUnits.Page<PersonItem>(found.Select(p =>
        {
            var latest = posts[p.Id].MaxBy(t => t.StartOn);
            return new PersonItem(p.Uid, p.FullName, latest?.Title, latest?.Code, latest?.FullName,
                latest is not null && latest.StartOn <= today && (latest.EndOn is null || latest.EndOn >= today), latest?.PositionUid);
        }).ToList(), total);
    }

    /// <summary>Adds a position to a unit. Marking it as the head takes the mark from any other position.</summary>
    public async Task<Outcome<Position>> AddPositionAsync(int unitId, string title, string? titleEn, bool isHead, CancellationToken ct = default)
    {
        title = TextFold.Clean(title);
        if (title.Length is 0 or > 200)
        {
            return Outcome<Position>.Fail("title", "Tên chức vụ phải có từ 1 đến 200 ký tự.", "The position title must have 1 to 200 characters.");
        }

        if (isHead)
        {
            await foreach (var other in db.Positions.Where(p => p.OrgUnitId == unitId && p.IsHead).AsAsyncEnumerable().WithCancellation(ct))
            {
                other.IsHead = false;
            }
        }

        var position = new Position { OrgUnitId = unitId, Title = title, TitleEn = string.IsNullOrWhiteSpace(titleEn) ? null : TextFold.Clean(titleEn), IsHead = isHead };
        db.Positions.Add(position);
        await db.SaveChangesAsync(ct);
        return Outcome<Position>.Ok(position);
    }

    /// <summary>
    /// Appoints a person to a position from a date: the current holder's term ends the day before.
    /// A new term may not start on or before the start of the current one (history is corrected, not rewritten).
    /// The person is the one <paramref name="personUid"/> names (chosen in the search field: one who holds or held a post in
    /// the units <paramref name="within"/>, null: any), else a new person of that name: two people may share a name, and
    /// a name alone never makes them one.
    /// </summary>
    public async Task<Outcome<PositionTerm>> AppointAsync(int positionId, string personName, DateOnly startOn, string? note,
        string? personUid = null, IReadOnlySet<int>? within = null, CancellationToken ct = default)
    {
        personName = TextFold.Clean(personName);
        if (personName.Length is 0 or > 200)
        {
            return Outcome<PositionTerm>.Fail("person", "Họ và tên phải có từ 1 đến 200 ký tự.", "The full name must have 1 to 200 characters.");
        }

        if (personName.IndexOfAny(['<', '>']) >= 0)
        {
            return Outcome<PositionTerm>.Fail("person", "Họ và tên không được chứa ký tự < hoặc >.", "The full name may not contain < or >.");
        }

        var position = await db.Positions.FirstOrDefaultAsync(p => p.Id == positionId, ct);
        if (position is null)
        {
            return Outcome<PositionTerm>.Fail("position", "Không tìm thấy chức vụ.", "Position not found.");
        }

        var current = await db.PositionTerms.Where(t => t.PositionId == positionId && t.EndOn == null).ToListAsync(ct);
        if (current.Any(t => t.StartOn >= startOn))
        {
            return Outcome<PositionTerm>.Fail("startOn",
                "Ngày bắt đầu phải sau ngày bắt đầu của người đang giữ chức vụ.",
                "The start date must be after the start of the current holder's term.");
        }

        Person person;
        if (string.IsNullOrWhiteSpace(personUid))
        {
            person = db.People.Add(new Person { FullName = personName }).Entity;
        }
        else
        {
            var uid = personUid.Trim();
            var candidates = db.People.Where(p => p.Uid == uid);
            if (within is not null)
            {
                candidates = candidates.Where(p => db.PositionTerms.Any(t => t.PersonId == p.Id && within.Contains(t.Position.OrgUnitId)));
            }

            var chosen = await candidates.FirstOrDefaultAsync(ct);
            if (chosen is null || chosen.FullName != personName)
            {
                return Outcome<PositionTerm>.Fail("person", $"Người được chọn không còn khớp với họ tên '{personName}': hãy chọn lại trong danh sách, hoặc gõ họ tên của người mới.",
                    $"The person chosen no longer matches the name '{personName}': choose again from the list, or type a newcomer's name.");
            }

            person = chosen;
        }

        foreach (var term in current)
        {
            term.EndOn = startOn.AddDays(-1);
        }

        var added = new PositionTerm { Position = position, Person = person, StartOn = startOn, Note = string.IsNullOrWhiteSpace(note) ? null : TextFold.Clean(note) };
        db.PositionTerms.Add(added);
        await db.SaveChangesAsync(ct);
        return Outcome<PositionTerm>.Ok(added);
    }
}
