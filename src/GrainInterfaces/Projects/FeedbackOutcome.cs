namespace DevBot.GrainInterfaces.Projects;

/// <summary>What became of a rating or a comment on a delivered project.</summary>
public enum FeedbackOutcome
{
    Saved = 0,

    /// <summary>The project already has its rating (or its comment): feedback is given once.</summary>
    AlreadyGiven = 1,

    /// <summary>Only a delivered project is rated; a comment needs the rating first.</summary>
    NotDelivered = 2,

    /// <summary>Not the user's project (or no such project).</summary>
    NotYours = 3,

    /// <summary>A rating outside 1-5, or an empty or too long comment.</summary>
    Invalid = 4,
}
