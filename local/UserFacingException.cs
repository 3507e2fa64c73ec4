// A problem the user can fix, with a message that says what to do; printed without a stack trace.
namespace WebStack.Local;

public class UserFacingException(string message) : Exception(message);
