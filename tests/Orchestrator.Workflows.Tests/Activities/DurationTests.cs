using System.Text.Json.Nodes;
using Orchestrator.Workflows.Activities;

namespace Orchestrator.Workflows.Tests.Activities;

public class DurationTests
{
    [Theory]
    [InlineData("PT30M", 30 * 60)]
    [InlineData("P7D", 7 * 86400)]
    [InlineData("PT1H30M", 90 * 60)]
    [InlineData("P1DT2H", 26 * 3600)]
    [InlineData("02:00:00", 2 * 3600)]
    [InlineData("1.00:00:00", 86400)]
    [InlineData("30m", 30 * 60)]
    [InlineData("7d", 7 * 86400)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("45s", 45)]
    [InlineData("1.5h", 90 * 60)]
    [InlineData("  PT5M  ", 5 * 60)]
    public void A_duration_is_read_from_text(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(text));

    [Theory]
    [InlineData("90", 90)]
    [InlineData("0.5", 0.5)]
    [InlineData("3600", 3600)]
    public void A_json_number_is_a_number_of_seconds(string json, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(JsonNode.Parse(json)));

    [Fact]
    public void A_json_string_is_read_like_text() =>
        Assert.Equal(TimeSpan.FromDays(3), Durations.Parse(JsonNode.Parse("\"P3D\"")));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("soon")]
    [InlineData("P")]
    [InlineData("PTXM")]
    [InlineData("7x")]
    [InlineData("d")]
    [InlineData("three days")]
    public void Garbage_is_no_duration(string? text) => Assert.Null(Durations.Parse(text));

    [Theory]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("{\"days\": 3}")]
    [InlineData("[30]")]
    public void A_json_value_that_is_neither_number_nor_string_is_no_duration(string json) =>
        Assert.Null(Durations.Parse(JsonNode.Parse(json)));
}
