package dev.graft.pypm.rules.polyglot;

import com.oracle.truffle.api.exception.AbstractTruffleException;
import com.oracle.truffle.api.interop.ExceptionType;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.UnsupportedMessageException;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;
import com.oracle.truffle.api.source.SourceSection;
import dev.graft.pypm.parser.SourceError;

/**
 * A rule set that does not load (syntax, names, well-formedness), as the guest error a
 * polyglot host sees: {@code PolyglotException.isSyntaxError()}, the message of
 * {@link SourceError} (file:line:col, the line, a caret) and the source section.
 */
@ExportLibrary(InteropLibrary.class)
public final class RulesSyntaxError extends AbstractTruffleException {
    private static final long serialVersionUID = 1L;
    private final transient SourceSection section;

    RulesSyntaxError(SourceError error, SourceSection section) {
        super(error.getMessage());
        this.section = section;
    }

    @ExportMessage
    ExceptionType getExceptionType() {
        return ExceptionType.PARSE_ERROR;
    }

    @ExportMessage
    boolean hasSourceLocation() {
        return section != null;
    }

    @ExportMessage(name = "getSourceLocation")
    SourceSection sourceLocation() throws UnsupportedMessageException {
        if (section == null) {
            throw UnsupportedMessageException.create();
        }
        return section;
    }
}
