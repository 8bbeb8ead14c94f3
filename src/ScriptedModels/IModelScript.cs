namespace DevBot.ScriptedModels;

/// <summary>Decides the scripted server's answer to a chat request.</summary>
public interface IModelScript
{
    ScriptedReply Reply(ScriptedRequest request);
}
