using Lodestar.Progress;
using Lodestar.Steering;
using Lodestar.Tasks;

namespace Lodestar.Tests.Steering;

/// <summary>A pack freezes the dashboard as JSON: issued packs are kept for years, so their spelling may never change.</summary>
public sealed class PackDataTests
{
    [Fact]
    public void Write_SpellsStatusesAndStatesAsTheApiCodes()
    {
        var follow = new FollowUp("m1", "Họp quý II", 1, "t1", "Tập huấn", "Sở Nội vụ", new DateOnly(2026, 9, 10), TaskState.Overdue);

        var json = PackData.Write(BriefingTextTests.Example(followUps: [follow]));

        Assert.Contains("\"status\":\"off-track\"", json, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"at-risk\"", json, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"overdue\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhatWasWritten_WritesItAgainByteForByte()
    {
        var example = BriefingTextTests.Example();
        var before = PackData.Write(example);

        var read = PackData.Read(before)!;

        Assert.Equal(ProgressStatus.OffTrack, Assert.Single(read.Statuses).Status);
        Assert.Equal(before, PackData.Write(read));
    }
}
