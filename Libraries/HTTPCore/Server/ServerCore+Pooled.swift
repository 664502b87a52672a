import CMicroHTTPD
import Shared
import Synchronization

extension ServerCore {
    /// Network thread: suspends the connection and queues the request on the handler's pool.
    func suspendAndSubmit(_ ctx: RequestContext, _ conn: OpaquePointer, _ request: HTTPRequest,
                          _ handler: PooledHandler) -> MHD_Result {
        let cancellation = RequestCancellation()
        ctx.handoff.withLock { $0.cancellation = cancellation }
        if let answered = suspend(ctx, conn) { return answered }
        if let refusal = handler.pool.submit({ [self] in runPooled(ctx, request, handler, cancellation) }) {
            complete(ctx, with: handler.refused?(refusal, request) ?? errorResponse(refusal, ctx))
        }
        return .YES
    }

    /// Pool thread: runs the handler and stores its answer (which resumes the connection), or
    /// hands the rest of the work to a task.
    private func runPooled(_ ctx: RequestContext, _ request: HTTPRequest, _ handler: PooledHandler,
                           _ cancellation: RequestCancellation) {
        if cancellation.isCancelled {
            // The client left while the job waited for a thread: nothing to run for.
            complete(ctx, with: .error(AppError(.requestTimeout, status: 499, "client closed the connection"),
                                       requestID: ctx.requestID))
            return
        }
        let outcome: PooledOutcome
        do {
            outcome = try handler.body(request, cancellation)
        } catch {
            complete(ctx, with: errorResponse(error, ctx))
            return
        }
        switch outcome {
        case .response(let response):
            complete(ctx, with: response)
        case .continue(let rest):
            let task = Task { [self] in
                let response: HTTPResponse
                do { response = try await rest() } catch { response = errorResponse(error, ctx) }
                complete(ctx, with: response)
            }
            attach(task, to: ctx)
        }
    }
}
