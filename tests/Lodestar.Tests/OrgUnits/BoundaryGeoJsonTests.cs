using Lodestar.OrgUnits;

namespace Lodestar.Tests.OrgUnits;

/// <summary>An uploaded boundary (issue 17, item 7): what is taken, and each thing refused with its problem named.</summary>
public sealed class BoundaryGeoJsonTests
{
    private const string Square = "[[[106.7,21.8],[106.8,21.8],[106.8,21.9],[106.7,21.9],[106.7,21.8]]]";

    [Theory]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":" + Square + "}", "Polygon")]
    [InlineData("{\"type\":\"MultiPolygon\",\"coordinates\":[" + Square + "]}", "MultiPolygon")]
    [InlineData("{\"type\":\"Feature\",\"properties\":{\"ten\":\"Thôn Một\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + Square + "}}", "Polygon")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + Square + "}}]}", "Polygon")]
    public void Read_APolygonAsGeometryFeatureOrCollectionOfOne_AnswersTheBareGeometry(string text, string type)
    {
        var read = BoundaryGeoJson.Read(text, "boundary");

        Assert.True(read.Succeeded, string.Join("; ", read.Problems.Select(p => p.Message.En)));
        Assert.StartsWith($"{{\"type\":\"{type}\",\"coordinates\":[", read.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("Thôn Một", read.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("{\"type\":\"Polygon\",\n\"coordinates\": [[[106.7,21.8],,]]}", "not readable JSON (line 2")]
    [InlineData("{\"type\":\"LineString\",\"coordinates\":[[106.7,21.8],[106.8,21.8]]}", "a shape of type 'LineString' cannot be used")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[]}", "the collection has 0 features; exactly one is needed")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[106.7,21.8],[106.8,21.8],[106.8,21.9],[106.7,21.9]]]}", "the last the same as the first")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[106.7,21.8],[106.8,21.8],[106.7,21.8]]]}", "at least 4 points")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[435000,2410000],[436000,2410000],[436000,2411000],[435000,2410000]]]}", "point [435000, 2410000] lies outside WGS84")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[100.5,13.75],[100.6,13.75],[100.6,13.85],[100.5,13.75]]]}", "point [100.5, 13.75] lies outside Viet Nam")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[2.35,48.85],[2.36,48.85],[2.36,48.86],[2.35,48.85]]]}", "point [2.35, 48.85] lies outside Viet Nam")]
    [InlineData("{\"type\":\"Polygon\"}", "the coordinates are missing")]
    public void Read_WhatIsNotOnePolygonInWgs84_IsRefusedNamingTheProblem(string text, string expected)
    {
        var problem = Assert.Single(BoundaryGeoJson.Read(text, "changes[0].parts[1].boundary").Problems);

        Assert.Equal("changes[0].parts[1].boundary", problem.Field);
        Assert.Contains(expected, problem.Message.En, StringComparison.Ordinal);
        Assert.StartsWith("Ranh giới: ", problem.Message.Vi, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AFileOverTheLimit_IsRefusedBeforeItIsParsed()
    {
        var problem = Assert.Single(BoundaryGeoJson.Read(new string(' ', BoundaryGeoJson.MaxBytes + 1), "boundary").Problems);

        Assert.Contains("larger than 2 MB", problem.Message.En, StringComparison.Ordinal);
    }
}
