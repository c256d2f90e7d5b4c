package org.acrcds.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.util.FastByteArrayOutputStream;

/** A request whose body {@link RequestBodyReader} has already received in full. */
final class ReceivedBodyRequest extends HttpServletRequestWrapper {

    private final FastByteArrayOutputStream body;

    ReceivedBodyRequest(HttpServletRequest request, FastByteArrayOutputStream body) {
        super(request);
        this.body = body;
    }

    @Override
    public int getContentLength() {
        return body.size();
    }

    @Override
    public long getContentLengthLong() {
        return body.size();
    }

    @Override
    public ServletInputStream getInputStream() {
        InputStream bytes = body.getInputStream();
        return new ServletInputStream() {
            @Override
            public int read() throws IOException {
                return bytes.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return bytes.read(buffer, offset, length);
            }

            @Override
            public boolean isFinished() {
                try {
                    return bytes.available() == 0;
                } catch (IOException e) {
                    return true;
                }
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new IllegalStateException("The body has been received already; read it directly");
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
}
