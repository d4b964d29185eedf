package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.Backend;
import picocli.CommandLine;

/** --backend java|openblas|acl|auto, through the library's own parser so the accepted words stay in one place. */
final class BackendConverter implements CommandLine.ITypeConverter<Backend> {
    @Override
    public Backend convert(String value) {
        try {
            return Backend.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
