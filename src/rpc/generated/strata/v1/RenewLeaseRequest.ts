// Original file: proto/strata/v1/nameserver.proto


export interface RenewLeaseRequest {
  'clientName'?: (string);
}

export interface RenewLeaseRequest__Output {
  'clientName': (string);
}
