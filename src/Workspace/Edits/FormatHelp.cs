namespace DevBot.Workspace.Edits;

/// <summary>Short examples of the layouts DevBot reads, quoted in feedback so a model can correct itself.</summary>
internal static class FormatHelp
{
    public const string SearchReplace = """
        path/to/file.ext
        <<<<<<< SEARCH
        lines copied exactly from the file
        =======
        the lines that replace them
        >>>>>>> REPLACE
        """;

    public const string WholeFile = """
        path/to/new_file.ext
        ````
        the complete content of the file
        ````
        """;

    public static string Layouts =>
        "To change part of a file, give its path alone on a line, then a SEARCH/REPLACE block:\n" + SearchReplace
        + "\n\nTo create a file (or replace all of it), give its path alone on a line, then the complete content in a fenced block:\n" + WholeFile
        + "\n\nTo delete a file: DELETE path/to/file.ext";
}
