/// A handler for requests; it fills in the response or throws a host error.
public typealias Handler = (Request, inout Response) throws(AlgaError) -> Void

/// One registered route: a method ("*" for any) and a path template.
struct Route {
    let method: String
    let template: PathTemplate
    let handler: Handler
}
