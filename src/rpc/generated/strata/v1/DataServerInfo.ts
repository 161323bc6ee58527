// Original file: proto/strata/v1/common.proto


export interface DataServerInfo {
  'id'?: (string);
  'dataUrl'?: (string);
}

export interface DataServerInfo__Output {
  'id': (string);
  'dataUrl': (string);
}
