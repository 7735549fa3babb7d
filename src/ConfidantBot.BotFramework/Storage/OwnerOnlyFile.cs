namespace ConfidantBot.BotFramework.Storage;

/// <summary>
/// Creates a file and its folder so that only the owning account can read them (0600 / 0700 on Unix);
/// an existing folder that others could read is tightened to 0700.
/// SQLite gives its -wal and -shm files the database file's permissions, so securing the database
/// file before SQLite first opens it covers all three.
/// </summary>
internal static class OwnerOnlyFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerReadWrite | UnixFileMode.UserExecute;

    public static void Prepare(string path)
    {
        var folder = Path.GetDirectoryName(path);
        if (OperatingSystem.IsWindows())
        {
            // On Windows the profile or app folder's ACL protects the file; there are no mode bits to set.
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            return;
        }

        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, OwnerFolder);
        }
        else if (!string.IsNullOrEmpty(folder) && (File.GetUnixFileMode(folder) & ~OwnerFolder) != 0)
        {
            // A folder made by hand or by an older version may be open to the group or everyone.
            try
            {
                File.SetUnixFileMode(folder, OwnerFolder);
            }
            catch (UnauthorizedAccessException exception)
            {
                throw new InvalidOperationException($"The data folder '{folder}' can be read by other accounts and this account cannot make it owner-only (0700). Give the folder to the account the bot runs as, or choose another Bot:DataDirectory.", exception);
            }
        }

        try
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerReadWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Already there (an earlier run, or another instance racing us): tighten it below.
        }

        File.SetUnixFileMode(path, OwnerReadWrite);
    }
}
