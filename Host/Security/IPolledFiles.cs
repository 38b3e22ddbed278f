namespace RsPipeline.Host.Security;

/// <summary>Files the server re-reads when they change (certificates, tokens), checked by <see cref="PolledFilesService{TFiles}"/>.</summary>
internal interface IPolledFiles
{
    /// <summary>How often the files are checked.</summary>
    TimeSpan ReloadInterval { get; }

    /// <summary>Reads the files again if they changed; returns whether new contents are now in force. Never throws.</summary>
    bool ReloadIfChanged();
}
